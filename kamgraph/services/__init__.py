"""What every face shares: actions, targets, tokens, the audit log, summaries."""
