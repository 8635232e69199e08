# drivers/printer: filled in by its work
