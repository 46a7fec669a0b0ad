"""The report and the web app: a story's coverage side by side, every claim linked to its source words."""
