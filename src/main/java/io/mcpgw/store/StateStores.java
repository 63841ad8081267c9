package io.mcpgw.store;
import java.time.Duration; import java.util.*; import java.util.concurrent.*;
public final class StateStores { public static StateStore open(Optional<String> u, Optional<String> p){ return new StateStore(){
 final Map<String,String> m=new ConcurrentHashMap<>();
 public void put(String k,String v,Duration t){m.put(k,v);} public void putEternal(String k,String v){m.put(k,v);}
 public boolean putIfAbsent(String k,String v,Duration t){return m.putIfAbsent(k,v)==null;} public Optional<String> get(String k){return Optional.ofNullable(m.get(k));}
 public Optional<String> take(String k){return Optional.ofNullable(m.remove(k));} public boolean delete(String k){return m.remove(k)!=null;}
 public long increment(String k,Duration w){return 1;} public void addToSet(String k,String x,Duration t){} public void removeFromSet(String k,String x){}
 public Set<String> members(String k){return Set.of();} public Optional<Duration> ttl(String k){return Optional.empty();} public Set<String> keys(String p){return Set.of();}
 public void checkRoundTrip(){} public String describe(){return "stub";} public void close(){} };}}
