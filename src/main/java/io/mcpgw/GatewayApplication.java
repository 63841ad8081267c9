package io.mcpgw;
public final class GatewayApplication { public static void main(String[] a) {} }
