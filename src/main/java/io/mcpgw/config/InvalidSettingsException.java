package io.mcpgw.config;
public class InvalidSettingsException extends RuntimeException { public InvalidSettingsException(String m){super(m);} }
