"""Partner suggestions: the bridge between the database and the model in ml/."""
