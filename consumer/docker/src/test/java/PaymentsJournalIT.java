// snippet: PaymentsJournalIT.java
