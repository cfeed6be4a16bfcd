"""The vote on screen: the deputy's ballot, rounds, turnout, results."""
