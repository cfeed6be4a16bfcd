"""The satisfaction survey (满意度测评): rounds, secret answers, results and grades, trends."""
