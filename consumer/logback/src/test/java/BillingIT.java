// snippet: BillingIT.java
