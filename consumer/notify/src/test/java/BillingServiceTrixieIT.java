// snippet: BillingServiceTrixieIT.java
