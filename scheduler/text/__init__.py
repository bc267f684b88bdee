"""What people read: wording, renderers and translations."""
