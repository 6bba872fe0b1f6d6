package org.contactability.notifier.application;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Addresses (E.164) whose owners opted out of WhatsApp and SMS ("STOP", "BAJA"). */
public final class Suppressions {

  private final Set<String> addresses = ConcurrentHashMap.newKeySet();

  public boolean contains(String address) {
    return addresses.contains(address);
  }

  public void add(String address) {
    addresses.add(address);
  }

  public void remove(String address) {
    addresses.remove(address);
  }

  public int size() {
    return addresses.size();
  }
}
