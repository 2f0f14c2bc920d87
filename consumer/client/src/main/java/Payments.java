// snippet: Payments.java
