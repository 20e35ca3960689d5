package io.bookingdemo.support.consumer;

import java.time.Duration;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;

/**
 * Grants a listener container no permits to poll while the {@link ListenerPause} is on:
 * each request waits for the resume up to the container's longest delay between polls,
 * then grants all it was asked for, or none if the pause goes on. It holds no permits of
 * its own, so it composes with the handlers that limit concurrency or rate.
 */
class PausingBackPressureHandler implements BackPressureHandler {

	private final ListenerPause pause;

	private final Duration longestWait;

	PausingBackPressureHandler(ListenerPause pause, Duration longestWait) {
		this.pause = pause;
		this.longestWait = longestWait;
	}

	@Override
	public int request(int amount) throws InterruptedException {
		return this.pause.awaitResume(this.longestWait) ? amount : 0;
	}

	@Override
	public void release(int amount, ReleaseReason reason) {
	}

	@Override
	public boolean drain(Duration timeout) {
		return true;
	}

}
