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
        /** List shopper profiles */
        get: operations["GetShopperList"];
        put?: never;
        /**
         * Create shopper profiles
         * @description One profile per customer; a customer that already has one is a 409.
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
            /** @example 1 */
            customer_id: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ShopperProfilePost: {
            /** @description A registered customer's id; guests (0) cannot have a profile. */
            customer_id: number;
        };
        ShopperProfilesPostRequest: components["schemas"]["ShopperProfilePost"][];
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
        EmptyMeta: Record<string, never>;
        CollectionMeta: {
            pagination: components["schemas"]["Pagination"];
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
        /**
         * @description Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller
         *     that far out is looping or guessing; a larger `limit` reaches further.
         */
        Page: number;
        Limit: number;
    };
    requestBodies: never;
    headers: never;
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
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    SegmentsPostRequest: {
        parameters: {
            query?: never;
            header: {
                Accept?: components["parameters"]["Accept"];
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
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
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
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
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
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
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
}
