"""The system: accounts and sign-in, passwords, the deputies' roster, divisions, departments, years."""
