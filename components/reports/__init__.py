"""The reports to the Standing Committee on screen and in Word: their words, tables and charts."""
