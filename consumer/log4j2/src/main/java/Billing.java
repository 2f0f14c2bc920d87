// snippet: Billing-log4j2.java
