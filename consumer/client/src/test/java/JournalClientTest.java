// snippet: JournalClientTest.java
