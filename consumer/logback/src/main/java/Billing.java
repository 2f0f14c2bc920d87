// snippet: Billing-logback.java
