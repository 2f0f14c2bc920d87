// snippet: Billing-journal-core.java
