// snippet: ReadinessTest.java
