package io.bookingdemo.ledger.postings;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The ledger entries.
 */
interface LedgerEntryRepository extends JpaRepository<LedgerEntry, UUID> {

	// 'DEBIT' sorts after 'CREDIT', so descending lists each debit before its credit.
	List<LedgerEntry> findByBookingIdOrderByCreatedAtAscEventIdAscSideDesc(UUID bookingId);

}
