"""What everyone may read without an account: published plans, as pages and as the public API."""
