"""The ten projects on screen: cards, tables, tiles, charts, the project and monthly report forms."""
