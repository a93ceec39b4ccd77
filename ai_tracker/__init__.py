"""ai-tracker: a command-line tracker of AI model releases."""

__version__ = "0.1.0"
