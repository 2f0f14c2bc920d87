// snippet: Billing-spring-boot.java
