package org.contactability.console.adapters.web;

import java.time.Duration;

/**
 * How the live funnel is pushed.
 *
 * @param checkEvery   how often each open stream looks for a change of the read model
 * @param refreshEvery how often it recomputes anyway (the clock moves deadlines and days)
 * @param heartbeat    how often an idle stream sends a comment so that proxies keep it open
 */
public record FunnelStreamSettings(Duration checkEvery, Duration refreshEvery, Duration heartbeat) {
}
