"""Attack tools against the served app: sqlmap, wapiti and bandit (`make security`)."""
