package io.mcpgw.config;
import java.time.Duration; import java.util.*;
public final class SettingsLoader { public static GatewaySettings fromEnvironment(){ return load(System.getenv()); }
 public static GatewaySettings load(Map<String,String> env){ int port=Integer.parseInt(env.getOrDefault("GATEWAY_PORT","8080"));
 return new GatewaySettings("127.0.0.1",port,"http://localhost:"+port,Optional.empty(),Optional.empty(),Optional.empty(),Duration.ofHours(1),Duration.ofDays(30),Duration.ofMinutes(5),Optional.of(Duration.ofDays(90)),Duration.ofMinutes(5),Optional.empty(),GatewaySettings.Cors.NONE,20,200,30,Optional.empty());}}
