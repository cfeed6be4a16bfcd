"""The secret ballot the vote and the survey share: who took part kept apart from what they answered."""
