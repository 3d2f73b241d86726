"""Review by the ministries: assignments, decisions, comment threads, sharing a draft, reminders."""
