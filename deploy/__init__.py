"""Deployment: nginx and systemd files for production, and the same shape started on this machine."""
