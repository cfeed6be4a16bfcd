"""The deputies' vote (票决): a year's candidates, rounds, secret ballots, the tally."""
