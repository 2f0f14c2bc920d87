// snippet: BillingServiceIT.java
