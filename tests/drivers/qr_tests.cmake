# drivers/qr: filled in by its work
