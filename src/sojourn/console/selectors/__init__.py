"""What the console pages show, one module per page family."""
