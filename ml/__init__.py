"""The partner model and its vocabulary; plain Python and scikit-learn, never Flask."""
