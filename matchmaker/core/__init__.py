"""What every feature builds on and which imports no feature: the JSON API's frame and
its shared schemas (more of config, errors, reference and the audit writer move here)."""
