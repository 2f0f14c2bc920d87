// snippet: CollectorSafeLoggingTest.java
