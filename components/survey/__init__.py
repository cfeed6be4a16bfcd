"""The survey on screen: the office's forms, the deputy's answer form, results, charts, comments."""
