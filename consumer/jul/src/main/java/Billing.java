// snippet: Billing-jul.java
