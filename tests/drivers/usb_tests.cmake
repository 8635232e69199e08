# drivers/usb: filled in by its work
