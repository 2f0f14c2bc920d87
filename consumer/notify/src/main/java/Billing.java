// snippet: Billing-notify.java
