package dev.gatehouse.proxy.filter;

/**
 * A global rate limit's counts in memcached for one key, read in one round trip.
 *
 * @param current  the current window's count, this request included
 * @param previous the previous window's count; 0 when it expired or never was
 */
record WindowCounts(long current, long previous) {
}
