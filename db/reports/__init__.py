"""Reports to the Standing Committee (落实情况报告, 年中汇报, 测评通报, 回头看报告): figures, Word layout."""
