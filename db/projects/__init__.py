"""The ten projects (民生实事): a year's projects and progress, monthly reports, editing, the dashboard."""
