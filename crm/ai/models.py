"""Models of the AI gateway: providers, task chains, prompts, call log, trained models."""
