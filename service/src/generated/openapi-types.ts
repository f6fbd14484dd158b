/**
 * Generated from contracts/openapi.yaml by `npm run generate`. Do not edit by hand.
 */
export type paths = {
    "/segments": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        /** List segments */
        get: operations["GetPaginatedSegmentsList"];
        /**
         * Update segments
         * @description Answers 201, as the beta does. Fields left out keep their value.
         */
        put: operations["PutSegmentObjects"];
        /**
         * Create segments
         * @description At most 1000 segments per store; names are unique within a store (exact match).
         */
        post: operations["SegmentsPostRequest"];
        /**
         * Delete segments
         * @description Without `id:in`, deletes every segment of the store. Shopper profiles are kept.
         */
        delete: operations["DeleteStoreSegment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segments/{segmentId}/shopper-profiles": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                segmentId: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        /**
         * List the shopper profiles of a segment
         * @description Needs the modify scope, as in the beta.
         */
        get: operations["GetSegmentProfiles"];
        put?: never;
        /**
         * Add shopper profiles to a segment
         * @description At most 50 distinct profile ids; a profile already in the segment is a 409.
         */
        post: operations["PostShopperProfile"];
        /**
         * Remove shopper profiles from a segment
         * @description Without `id:in`, empties the segment. Only the memberships go; the profiles stay.
         */
        delete: operations["DeleteShopperProfile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shopper-profiles": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * List shopper profiles
         * @description With `customer_id:in` or `guest_id:in` (extensions), only the profiles of those customers
         *     or guests, in the same list shape and order; both together list the profiles of either.
         */
        get: operations["GetShopperList"];
        put?: never;
        /**
         * Create shopper profiles
         * @description One profile per customer; a customer that already has one is a 409. An entry may name a
         *     `guest_id` instead of a `customer_id` (extension): one profile per guest, likewise.
         */
        post: operations["ShopperProfilesRequest"];
        /**
         * Delete shopper profiles
         * @description Without `id:in`, deletes every profile of the store. A deleted profile leaves every segment.
         */
        delete: operations["DeleteStoreShopperProfile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shopper-profiles/{shopperProfileId}/segments": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                shopperProfileId: components["parameters"]["ShopperProfileId"];
            };
            cookie?: never;
        };
        /** List the segments of a shopper profile */
        get: operations["GetListShopperProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/promotions/{promotionId}/customer-segments": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /** @description The promotion's id in the Promotions API. */
                promotionId: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        /**
         * Read the segments a promotion targets
         * @description 404 when the promotion targets nothing.
         */
        get: operations["GetPromotionTargeting"];
        /**
         * Set the segments a promotion targets
         * @description The body is one `customer.segments` expression of the Promotions API; it replaces what
         *     the promotion targeted. Every segment id it names must be a segment of this store (404
         *     lists the others). At most 32 distinct segment ids an expression (a segment named again
         *     counts once), and at most 1500 bytes of JSON written without spaces (the copy each named
         *     segment keeps); `info.x-limits` says so for programs.
         */
        put: operations["PutPromotionTargeting"];
        post?: never;
        /**
         * Stop targeting segments with a promotion
         * @description 204 also when the promotion targeted nothing.
         */
        delete: operations["DeletePromotionTargeting"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segments/{segmentId}/promotions": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                segmentId: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        /**
         * List the promotions whose expression names a segment
         * @description Ordered by promotion id, ascending. 404 for a segment that does not exist (or was deleted).
         */
        get: operations["GetSegmentPromotions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shopper-profiles/{shopperProfileId}/promotions": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                shopperProfileId: components["parameters"]["ShopperProfileId"];
            };
            cookie?: never;
        };
        /**
         * List the promotions a shopper profile is eligible for
         * @description The promotions whose expression is true for the profile's segments now, ordered by
         *     promotion id, ascending. A deleted segment counts as a segment with no members.
         */
        get: operations["GetShopperProfilePromotions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shopper-profiles/merge": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Merge a guest's shopper profile into a customer's
         * @description The guest signed in or registered. When the customer has no profile, the guest's profile
         *     becomes the customer's (same id, memberships kept). When the customer has one, every
         *     segment of the guest's profile is added to it and the guest's profile is deleted. Answers
         *     the customer's profile afterwards. The same merge sent again (within 24 hours) answers the
         *     same profile; a merge that failed part-way finishes when sent again.
         */
        post: operations["MergeGuestShopperProfile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/segments": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                customerId: components["parameters"]["CustomerId"];
            };
            cookie?: never;
        };
        /**
         * List the segments of a customer's shopper profile
         * @description Any positive integer may be a customer: one without a shopper profile is in no segment
         *     (200, empty list).
         */
        get: operations["GetCustomerSegments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{customerId}/promotions": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                customerId: components["parameters"]["CustomerId"];
            };
            cookie?: never;
        };
        /**
         * List the promotions a customer is eligible for
         * @description The promotions whose `customer.segments` expression holds for the customer's shopper
         *     profile now; for a customer without a profile, those that hold for a profile in no segment
         *     (an expression true through a `not`). Ordered by promotion id, ascending.
         */
        get: operations["GetCustomerPromotions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hooks": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * List the store's webhooks
         * @description Every hook of the store, oldest first (at most `hooks-per-store` of `info.x-limits`, so
         *     one page). Never shows a signing secret.
         */
        get: operations["GetHooks"];
        put?: never;
        /**
         * Subscribe a destination to the store's events
         * @description Events of the feed (`GET /events`) committed after the hook is created are `POST`ed to
         *     `destination`, signed with the Standard Webhooks scheme (docs/webhooks.md). The answer
         *     holds the signing secret, `whsec_` + base64 of 32 random bytes: it is shown this once.
         *     A destination that is not `https://`, or whose host is or resolves to a private,
         *     link-local, loopback or metadata address, answers 400.
         */
        post: operations["CreateHook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hooks/{hookId}": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                hookId: components["parameters"]["HookId"];
            };
            cookie?: never;
        };
        /**
         * Read one webhook
         * @description Never shows its signing secret. 404 when the store has no such hook.
         */
        get: operations["GetHook"];
        /**
         * Change a webhook's destination, scope, headers or state
         * @description The fields given replace the hook's; the others are kept. `is_active: true` brings back a
         *     hook that was deactivated after its deliveries kept failing: it starts again from the
         *     event that failed. The destination is checked as at creation (400). A hook that was off
         *     longer than the feed keeps events (at least 7 days) cannot be brought back (410): the
         *     events after its position are gone, so delete it and create a new one.
         */
        put: operations["UpdateHook"];
        post?: never;
        /**
         * Delete a webhook
         * @description Its deliveries stop. 204 also when the store has no such hook.
         */
        delete: operations["DeleteHook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hooks/{hookId}/secret": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                hookId: components["parameters"]["HookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook's signing secret
         * @description Answers a new secret, shown this once. For 24 hours after the rotation every delivery
         *     carries two signatures in `webhook-signature`, one with the new secret and one with the
         *     previous one, so a receiver can switch to the new secret whenever it likes within that
         *     day; then the previous secret is dropped. A second rotation within the day drops the
         *     oldest secret at once.
         */
        post: operations["RotateHookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Read the store's change events, oldest first
         * @description Every committed change to the store's segments, shopper profiles, memberships and
         *     promotion targetings, in the order the feed received them (docs/events.md). Start without
         *     `after` (the oldest event kept), then poll with `meta.next_cursor`, which is always
         *     given: after the last event returned, or the same position when nothing is new.
         *     Events are kept at least 7 days; a cursor whose next event is no longer kept answers 410,
         *     never a silent gap. Events of one shopper profile (and the `segment.*` events of one
         *     segment) come in the order their changes committed; events of different items may
         *     interleave.
         */
        get: operations["GetEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Segment: {
            /** Format: uuid */
            id: string;
            /** @example VIP */
            name: string;
            /** @example Customers who spent over 1000 */
            description: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        SegmentPost: {
            name: string;
            description?: string;
        };
        SegmentPut: {
            /** Format: uuid */
            id: string;
            name?: string;
            description?: string;
        };
        SegmentsPostRequest: components["schemas"]["SegmentPost"][];
        SegmentsPutRequest: components["schemas"]["SegmentPut"][];
        SegmentsResponse: {
            data: components["schemas"]["Segment"][];
            meta: components["schemas"]["EmptyMeta"];
        };
        SegmentCollectionResponse: {
            data: components["schemas"]["Segment"][];
            meta: components["schemas"]["CollectionMeta"];
        };
        ShopperProfile: {
            /** Format: uuid */
            id: string;
            /**
             * @description The customer's id; 0 for a guest's profile.
             * @example 1
             */
            customer_id: number;
            /** @description Only on a guest's profile. */
            guest_id?: components["schemas"]["GuestId"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ShopperProfileResponse: {
            data: components["schemas"]["ShopperProfile"];
        };
        CustomerId: number;
        /**
         * @description An opaque id the storefront chooses for a visitor (a visitor or cart id).
         * @example visitor-7f3a
         */
        GuestId: string;
        GuestShopperProfilePost: {
            guest_id: components["schemas"]["GuestId"];
        };
        ShopperProfileMerge: {
            guest_id: components["schemas"]["GuestId"];
            customer_id: components["schemas"]["CustomerId"];
        };
        ShopperProfilePost: {
            /** @description A registered customer's id; a guest's profile is created with `guest_id` instead. */
            customer_id: number;
        };
        ShopperProfilesPostRequest: (components["schemas"]["ShopperProfilePost"] | components["schemas"]["GuestShopperProfilePost"])[];
        ShopperProfilesResponse: {
            data: components["schemas"]["ShopperProfile"][];
            meta: components["schemas"]["EmptyMeta"];
        };
        ShopperProfilesAddRequest: string[];
        ShopperProfilesAddResponse: {
            data: components["schemas"]["ShopperProfile"][];
        };
        ShopperProfilesCollectionResponse: {
            data: components["schemas"]["ShopperProfile"][];
            meta: components["schemas"]["CollectionMeta"];
        };
        /** @description True for a shopper profile in any of these segments. */
        SegmentIdsTerm: {
            id: string[];
        };
        /**
         * @description A promotion's `customer.segments`: `{id: [...]}`, `{not: X}`, `{and: [X, Y, ...]}` or
         *     `{or: [...]}`, at most three operator levels deep, the third holding only id lists.
         */
        TargetingExpression: components["schemas"]["SegmentIdsTerm"] | {
            not: components["schemas"]["TargetingOperand"];
        } | {
            and: components["schemas"]["TargetingOperand"][];
        } | {
            or: components["schemas"]["TargetingOperand"][];
        };
        /** @description The second level of an expression. */
        TargetingOperand: components["schemas"]["SegmentIdsTerm"] | {
            not: components["schemas"]["TargetingLeafOperand"];
        } | {
            and: components["schemas"]["TargetingLeafOperand"][];
        } | {
            or: components["schemas"]["TargetingLeafOperand"][];
        };
        /** @description The third and last level of an expression; its operators take id lists only. */
        TargetingLeafOperand: components["schemas"]["SegmentIdsTerm"] | {
            not: components["schemas"]["SegmentIdsTerm"];
        } | {
            and: components["schemas"]["SegmentIdsTerm"][];
        } | {
            or: components["schemas"]["SegmentIdsTerm"][];
        };
        Targeting: {
            /** @example 42 */
            promotion_id: number;
            customer_segments: components["schemas"]["TargetingExpression"];
            /** @description The segments the expression names that exist, in the order they first appear. */
            segment_ids: string[];
            /** @description The segments the expression names that were deleted since; they count as empty. */
            deleted_segment_ids: string[];
            /** Format: date-time */
            updated_at: string;
        };
        TargetingResponse: {
            data: components["schemas"]["Targeting"];
            meta: components["schemas"]["EmptyMeta"];
        };
        TargetingCollectionResponse: {
            data: components["schemas"]["Targeting"][];
            meta: components["schemas"]["CollectionMeta"];
        };
        /** @description What every event carries (docs/events.md). */
        EventEnvelope: {
            /** @description Unique, and the same on every delivery of the event (derived from the change it announces). */
            id: string;
            type: string;
            store_hash: string;
            /**
             * Format: date-time
             * @description When the change committed (as the table's stream saw it).
             */
            occurred_at: string;
            /** @description The event's place in the store's feed, from 1, without gaps; later events have larger positions. */
            position: number;
        };
        /** @description One committed change; `type` says which, `data` holds what it changed. */
        Event: components["schemas"]["SegmentCreatedEvent"] | components["schemas"]["SegmentUpdatedEvent"] | components["schemas"]["SegmentDeletedEvent"] | components["schemas"]["ShopperProfileCreatedEvent"] | components["schemas"]["ShopperProfileDeletedEvent"] | components["schemas"]["ShopperProfileMergedEvent"] | components["schemas"]["SegmentShopperProfileAddedEvent"] | components["schemas"]["SegmentShopperProfileRemovedEvent"] | components["schemas"]["PromotionTargetingUpdatedEvent"] | components["schemas"]["PromotionTargetingDeletedEvent"];
        /** @description A segment was created. */
        SegmentCreatedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "segment.created";
            data: {
                segment: components["schemas"]["Segment"];
            };
        };
        /** @description A segment was renamed or its description changed; `segment` is as the API returns it afterwards. */
        SegmentUpdatedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "segment.updated";
            data: {
                segment: components["schemas"]["Segment"];
            };
        };
        /** @description A segment was deleted. It implies the end of every membership of the segment; those are not announced one by one. */
        SegmentDeletedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "segment.deleted";
            data: {
                /** Format: uuid */
                segment_id: string;
            };
        };
        /** @description A shopper profile was created. */
        ShopperProfileCreatedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "shopper_profile.created";
            data: {
                shopper_profile: components["schemas"]["ShopperProfile"];
            };
        };
        /** @description A shopper profile was deleted (by a delete, or by a merge that folded a guest's profile into a customer's). The end of each of its memberships is announced before it. */
        ShopperProfileDeletedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "shopper_profile.deleted";
            data: {
                /** Format: uuid */
                shopper_profile_id: string;
            };
        };
        /** @description A guest signed in; `shopper_profile` is the customer's profile afterwards (the guest's own profile, kept, when the customer had none). */
        ShopperProfileMergedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "shopper_profile.merged";
            data: {
                guest_id: components["schemas"]["GuestId"];
                customer_id: components["schemas"]["CustomerId"];
                shopper_profile: components["schemas"]["ShopperProfile"];
            };
        };
        /** @description A membership began. */
        SegmentShopperProfileAddedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "segment.shopper_profile_added";
            data: {
                /** Format: uuid */
                segment_id: string;
                /** Format: uuid */
                shopper_profile_id: string;
            };
        };
        /** @description A membership ended (a remove, a profile delete, a merge); the end of a deleted segment's memberships is implied by `segment.deleted`. */
        SegmentShopperProfileRemovedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "segment.shopper_profile_removed";
            data: {
                /** Format: uuid */
                segment_id: string;
                /** Format: uuid */
                shopper_profile_id: string;
            };
        };
        /** @description A promotion's targeting was written; `targeting` is as the API returns it when the event is published. */
        PromotionTargetingUpdatedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "promotion.targeting_updated";
            data: {
                promotion_id: number;
                targeting: components["schemas"]["Targeting"];
            };
        };
        /** @description A promotion's targeting was deleted. */
        PromotionTargetingDeletedEvent: components["schemas"]["EventEnvelope"] & {
            /** @enum {string} */
            type: "promotion.targeting_deleted";
            data: {
                promotion_id: number;
            };
        };
        /** @enum {string} */
        EventType: "segment.created" | "segment.updated" | "segment.deleted" | "shopper_profile.created" | "shopper_profile.deleted" | "shopper_profile.merged" | "segment.shopper_profile_added" | "segment.shopper_profile_removed" | "promotion.targeting_updated" | "promotion.targeting_deleted";
        EventsResponse: {
            data: components["schemas"]["Event"][];
            meta: {
                /** @description Where the next poll starts (pass it as `after`); given even when nothing was new. */
                next_cursor: string;
            };
        };
        EmptyMeta: Record<string, never>;
        CollectionMeta: {
            pagination: components["schemas"]["Pagination"];
            /**
             * @description Where the next page starts (pass it as `cursor`), when this page is full; absent on a
             *     list's last page. Only lists that accept `cursor` give one.
             */
            next_cursor?: string;
        };
        Pagination: {
            /** @description Items in the whole result set. */
            total: number;
            /** @description Items on this page. */
            count: number;
            per_page: number;
            current_page: number;
            total_pages: number;
        };
        ErrorResponse: {
            status: number;
            title: string;
            type: string;
            instance?: string;
            errors?: components["schemas"]["DetailedErrors"];
        };
        DetailedErrors: {
            [key: string]: string;
        };
        BatchConflictResponse: {
            data: Record<string, never>[];
            errors: components["schemas"]["ErrorResponse"][];
            meta: {
                total: number;
                success: number;
                failed: number;
            };
        };
        /**
         * @description Which events of the store the hook receives: one event type, a family (`segment.*`,
         *     `shopper_profile.*`, `promotion.*`) or `*` for all of them.
         * @example segment.shopper_profile_added
         * @enum {string}
         */
        HookScope: "*" | "segment.*" | "shopper_profile.*" | "promotion.*" | "segment.created" | "segment.updated" | "segment.deleted" | "segment.shopper_profile_added" | "segment.shopper_profile_removed" | "shopper_profile.created" | "shopper_profile.deleted" | "shopper_profile.merged" | "promotion.targeting_updated" | "promotion.targeting_deleted";
        /**
         * @description Where deliveries are `POST`ed: an `https://` URL whose host is public (not private,
         *     link-local, loopback or a cloud metadata address, checked at creation and again at each
         *     delivery). Redirects are not followed.
         * @example https://hooks.example.com/segments
         */
        HookDestination: string;
        /**
         * @description Headers sent with every delivery (a token the receiver checks, say). Names are HTTP
         *     header names; the headers the delivery itself sets (`content-type`, `webhook-*`, `host`,
         *     `content-length`, `user-agent` and the like) cannot be given.
         * @example {
         *       "X-Receiver-Token": "s3cr3t"
         *     }
         */
        HookHeaders: {
            [key: string]: string;
        };
        Hook: {
            /** Format: uuid */
            id: string;
            scope: components["schemas"]["HookScope"];
            destination: components["schemas"]["HookDestination"];
            /** @description Whether events are delivered. Set to false by the service after a day of failed deliveries. */
            is_active: boolean;
            headers: components["schemas"]["HookHeaders"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        HookWithSecret: components["schemas"]["Hook"] & {
            /** @description The signing secret, `whsec_` + base64 of its 32 bytes. Shown only in this answer. */
            secret: string;
        };
        HookPost: {
            scope: components["schemas"]["HookScope"];
            destination: components["schemas"]["HookDestination"];
            /** @default true */
            is_active: boolean;
            headers?: components["schemas"]["HookHeaders"];
        };
        HookPut: {
            scope?: components["schemas"]["HookScope"];
            destination?: components["schemas"]["HookDestination"];
            is_active?: boolean;
            headers?: components["schemas"]["HookHeaders"];
        };
        HookResponse: {
            data: components["schemas"]["Hook"];
            meta: components["schemas"]["EmptyMeta"];
        };
        HookWithSecretResponse: {
            data: components["schemas"]["HookWithSecret"];
            meta: components["schemas"]["EmptyMeta"];
        };
        HookCollectionResponse: {
            data: components["schemas"]["Hook"][];
            meta: components["schemas"]["EmptyMeta"];
        };
    };
    responses: {
        /** @description The request is not valid; `errors` names each offending field. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The token is missing, unknown, or belongs to another store. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The token's scope does not allow the operation. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A segment or shopper profile named by the request does not exist in the store. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description An entry conflicts with what the store holds (or with another entry); nothing was written. */
        BatchConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["BatchConflictResponse"];
            };
        };
        /** @description Writing would pass a limit of `info.x-limits`; nothing was written. */
        LimitReached: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request body is larger than the service accepts. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The body is compressed with an encoding the service does not take (it takes gzip, deflate and br), or is not UTF-8. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description A request with the same `Idempotency-Key` is still running (409 on every write; on the batch
         *     writes, in the batch-conflict envelope). Retry after the `Retry-After` seconds: the kept
         *     response will be answered then.
         */
        IdempotencyKeyInUse: {
            headers: {
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The `Idempotency-Key` was first sent with another request (method, path, query or body); nothing was written. */
        IdempotencyKeyReused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The cursor points before the oldest event the feed still keeps (events are kept at least 7 days); start again without `after` and rebuild from the API. */
        Gone: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description DynamoDB is still throttling or failing after the service's retries; nothing was written. Retry after the `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        Accept: string;
        ContentType: string;
        SegmentId: string;
        ShopperProfileId: string;
        /** @description Ids, comma-separated (`?id:in=a,b`) or with the parameter repeated. */
        IdIn: string[];
        CustomerId: components["schemas"]["CustomerId"];
        /** @description Customer ids, comma-separated or with the parameter repeated. */
        CustomerIdIn: components["schemas"]["CustomerId"][];
        /** @description Guest ids, comma-separated or with the parameter repeated. */
        GuestIdIn: components["schemas"]["GuestId"][];
        /** @description The promotion's id in the Promotions API. */
        PromotionId: number;
        /**
         * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
         *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
         *     both are the same key. The first request with a key runs; its status, body and
         *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
         *     same request (method, path, query parameters in any order, and the JSON body as parsed:
         *     key order and white space do not count) answers the kept response with
         *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
         *     422; while the first is still running, 409 with `Retry-After`. A request that failed
         *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
         *     Without the header the write behaves as the beta's. See docs/idempotency.md.
         */
        IdempotencyKey: string;
        HookId: string;
        /**
         * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
         *     that far out is looping or guessing; a larger `limit` reaches further.
         */
        Page: number;
        Limit: number;
        /**
         * @description `meta.next_cursor` of the previous answer of `GET /events`: the events after it are
         *     answered. Opaque; one this service did not give out answers 400.
         */
        After: string;
        /**
         * @description Where the page starts, as `meta.next_cursor` of the page before it gave it (with the same
         *     `limit`). In place of `page`, for clients that walk a whole list: each page is then one
         *     query at any depth. A cursor is opaque; one that was not given out answers 400.
         */
        Cursor: string;
    };
    requestBodies: never;
    headers: {
        /** @description `true` when the answer is the one kept for the request's `Idempotency-Key` (nothing was written); absent otherwise. */
        IdempotentReplayed: "true";
    };
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    GetPaginatedSegmentsList: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
                /** @description Ids, comma-separated (`?id:in=a,b`) or with the parameter repeated. */
                "id:in"?: components["parameters"]["IdIn"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of segments. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    PutSegmentObjects: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SegmentsPutRequest"];
            };
        };
        responses: {
            /** @description The updated segments, in request order. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["BatchConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    SegmentsPostRequest: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SegmentsPostRequest"];
            };
        };
        responses: {
            /** @description The created segments, in request order. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["BatchConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeleteStoreSegment: {
        parameters: {
            query?: {
                /** @description Ids, comma-separated (`?id:in=a,b`) or with the parameter repeated. */
                "id:in"?: components["parameters"]["IdIn"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["IdempotencyKeyInUse"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetSegmentProfiles: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
                /**
                 * @description Where the page starts, as `meta.next_cursor` of the page before it gave it (with the same
                 *     `limit`). In place of `page`, for clients that walk a whole list: each page is then one
                 *     query at any depth. A cursor is opaque; one that was not given out answers 400.
                 */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                segmentId: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the segment's shopper profiles. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShopperProfilesCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    PostShopperProfile: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path: {
                segmentId: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShopperProfilesAddRequest"];
            };
        };
        responses: {
            /** @description The profiles added, in request order. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShopperProfilesAddResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["BatchConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeleteShopperProfile: {
        parameters: {
            query?: {
                /** @description Ids, comma-separated (`?id:in=a,b`) or with the parameter repeated. */
                "id:in"?: components["parameters"]["IdIn"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                segmentId: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInUse"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetShopperList: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
                /** @description Customer ids, comma-separated or with the parameter repeated. */
                "customer_id:in"?: components["parameters"]["CustomerIdIn"];
                /** @description Guest ids, comma-separated or with the parameter repeated. */
                "guest_id:in"?: components["parameters"]["GuestIdIn"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of shopper profiles. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShopperProfilesCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ShopperProfilesRequest: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShopperProfilesPostRequest"];
            };
        };
        responses: {
            /** @description The created profiles, in request order. */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShopperProfilesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["BatchConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeleteStoreShopperProfile: {
        parameters: {
            query?: {
                /** @description Ids, comma-separated (`?id:in=a,b`) or with the parameter repeated. */
                "id:in"?: components["parameters"]["IdIn"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["IdempotencyKeyInUse"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetListShopperProfile: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                shopperProfileId: components["parameters"]["ShopperProfileId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the profile's segments. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetPromotionTargeting: {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /** @description The promotion's id in the Promotions API. */
                promotionId: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The promotion's targeting. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetingResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    PutPromotionTargeting: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path: {
                /** @description The promotion's id in the Promotions API. */
                promotionId: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TargetingExpression"];
            };
        };
        responses: {
            /** @description The promotion's targeting as stored. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetingResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["LimitReached"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeletePromotionTargeting: {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The promotion's id in the Promotions API. */
                promotionId: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The promotion targets nothing. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["IdempotencyKeyInUse"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetSegmentPromotions: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                segmentId: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of targetings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetingCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetShopperProfilePromotions: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                shopperProfileId: components["parameters"]["ShopperProfileId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of targetings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetingCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    MergeGuestShopperProfile: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShopperProfileMerge"];
            };
        };
        responses: {
            /** @description The customer's shopper profile after the merge. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShopperProfileResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInUse"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetCustomerSegments: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                customerId: components["parameters"]["CustomerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the segments of the customer's profile. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetCustomerPromotions: {
        parameters: {
            query?: {
                /**
                 * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
                 *     that far out is looping or guessing; a larger `limit` reaches further.
                 */
                page?: components["parameters"]["Page"];
                limit?: components["parameters"]["Limit"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                customerId: components["parameters"]["CustomerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the targetings that hold for the customer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetingCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetHooks: {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The store's hooks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookCollectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    CreateHook: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HookPost"];
            };
        };
        responses: {
            /** @description The hook, with its signing secret (shown once). */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookWithSecretResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["LimitReached"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetHook: {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                hookId: components["parameters"]["HookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The hook. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    UpdateHook: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                "Content-Type": components["parameters"]["ContentType"];
            };
            path: {
                hookId: components["parameters"]["HookId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HookPut"];
            };
        };
        responses: {
            /** @description The hook as stored. */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInUse"];
            /**
             * @description `is_active: true` for a hook whose position the feed no longer keeps (it was off or
             *     behind longer than the feed's retention); nothing was written. Delete the hook and
             *     create a new one, which starts after the newest event.
             */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeleteHook: {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                hookId: components["parameters"]["HookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The hook is gone. */
            204: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["IdempotencyKeyInUse"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    RotateHookSecret: {
        parameters: {
            query?: never;
            header?: {
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe
                 *     takes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`"abc"`):
                 *     both are the same key. The first request with a key runs; its status, body and
                 *     `Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the
                 *     same request (method, path, query parameters in any order, and the JSON body as parsed:
                 *     key order and white space do not count) answers the kept response with
                 *     `Idempotent-Replayed: true` and writes nothing. The same key with another request answers
                 *     422; while the first is still running, 409 with `Retry-After`. A request that failed
                 *     without changing anything (any 4xx, a 503) is not kept: sending it again runs it again.
                 *     Without the header the write behaves as the beta's. See docs/idempotency.md.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                hookId: components["parameters"]["HookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The hook, with its new signing secret (shown once). */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookWithSecretResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["IdempotencyKeyInUse"];
            422: components["responses"]["IdempotencyKeyReused"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetEvents: {
        parameters: {
            query?: {
                /**
                 * @description `meta.next_cursor` of the previous answer of `GET /events`: the events after it are
                 *     answered. Opaque; one this service did not give out answers 400.
                 */
                after?: components["parameters"]["After"];
                limit?: components["parameters"]["Limit"];
            };
            header?: {
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up to `limit` events after the cursor. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            410: components["responses"]["Gone"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
