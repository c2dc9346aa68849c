"""Business logic; services own their transactions and raise domain errors."""
