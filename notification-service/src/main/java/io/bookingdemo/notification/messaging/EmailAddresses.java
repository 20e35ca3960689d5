package io.bookingdemo.notification.messaging;

import java.util.regex.Pattern;

/**
 * Checks the address an event asks an e-mail to be sent to.
 */
final class EmailAddresses {

	// The address becomes the e-mail's To header: a line break or a second address in it
	// would let whoever wrote the event add recipients or headers of their own.
	private static final Pattern PLAIN_ADDRESS = Pattern
		.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+");

	private static final int LONGEST = 254;

	private EmailAddresses() {
	}

	/**
	 * Refuses anything but one plain address.
	 * @param address the address
	 * @return the address
	 * @throws IllegalArgumentException if it is not one plain address
	 */
	static String requirePlain(String address) {
		if (address.length() > LONGEST || !PLAIN_ADDRESS.matcher(address).matches()) {
			throw new IllegalArgumentException("customerEmail is not one plain e-mail address");
		}
		return address;
	}

}
