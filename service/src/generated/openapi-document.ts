/**
 * Generated from contracts/openapi.yaml by `npm run generate`. Do not edit by hand.
 */
export const openapiDocument = {
  "openapi": "3.0.3",
  "info": {
    "title": "Customer Segmentation API (self-hosted)",
    "version": "1.0.0",
    "description": "Segments, shopper profiles and the many-to-many memberships between them, with the\npaths, parameters, envelopes and field names of the Customer Segmentation beta.\n\nWhere the beta is silent this document decides, and the service keeps the decision:\n- An unknown `segmentId` or `shopperProfileId` in a path answers 404; so does an unknown\n  id inside a request body (PUT /segments, POST /segments/{segmentId}/shopper-profiles).\n- Every batch write (POST, PUT) is all-or-nothing: when any entry fails, nothing is written.\n  Deletes are idempotent: one that fails part-way finishes when it is sent again.\n- `limit` defaults to 50 and accepts 1 to 250; `page` starts at 1 and goes up to 1000000.\n- A batch body holds at most 25 entries (50 shopper profile ids when adding to a segment).\n- DELETE without `id:in` deletes every matching item of the store; unknown ids in `id:in`\n  are ignored (deleting is idempotent).\n- Lists are ordered by creation time, oldest first, except a segment's shopper profiles:\n  they come in a fixed order of their own (by a hash of the profile id), so that any page of\n  a large segment is as cheap to read as the first.\n- A write (POST, PUT, DELETE) with a query parameter its operation does not declare answers\n  400 and writes nothing, so a misspelt `id:in` can never widen a delete to the whole store.\n- Ids are case-insensitive on input (path, body, `id:in`) and always lower case on output.\n- Text that is not well-formed Unicode (a lone surrogate) answers 400.\n\nEverything added beyond the beta is marked `x-extension: true`. Each operation names the\ntoken scope it needs in `x-required-scope`.",
    "x-opc-config-base-path": "/stores/{store_hash}/v3",
    "x-limits": {
      "x-extension": true,
      "segments-per-store": 1000,
      "request-body-bytes": 65536,
      "segment-ids-per-expression": 32,
      "expression-bytes": 1500,
      "targeted-promotions-per-store": 10000,
      "promotions-per-segment": 250,
      "promotions-true-outside-segments": 250,
      "idempotency-key-characters": 255,
      "idempotency-replay-seconds": 86400,
      "idempotency-in-flight-seconds": 30,
      "hooks-per-store": 20,
      "headers-per-hook": 10,
      "hook-destination-length": 2048
    }
  },
  "servers": [
    {
      "url": "http://localhost:3000/stores/{store_hash}/v3",
      "description": "npm start",
      "variables": {
        "store_hash": {
          "default": "local",
          "description": "The store (tenant) the call acts on."
        }
      }
    }
  ],
  "security": [
    {
      "X-Auth-Token": []
    }
  ],
  "tags": [
    {
      "name": "Segments"
    },
    {
      "name": "Shopper Profiles"
    },
    {
      "name": "Shopper Profiles for a Segment"
    },
    {
      "name": "Segments for a Shopper Profile"
    },
    {
      "name": "Promotion Targeting",
      "x-extension": true,
      "description": "Which segments a promotion of the Promotions API targets, keyed by its id (docs/promotions.md)."
    },
    {
      "name": "Customers",
      "x-extension": true
    },
    {
      "name": "Webhooks",
      "x-extension": true,
      "description": "Events of the feed pushed to an HTTPS endpoint, signed (docs/webhooks.md)."
    },
    {
      "name": "Events",
      "x-extension": true,
      "description": "The store's change events, read as a feed (docs/events.md)."
    }
  ],
  "paths": {
    "/segments": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        }
      ],
      "get": {
        "operationId": "GetPaginatedSegmentsList",
        "summary": "List segments",
        "tags": [
          "Segments"
        ],
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/IdIn"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of segments.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SegmentCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "post": {
        "operationId": "SegmentsPostRequest",
        "summary": "Create segments",
        "description": "At most 1000 segments per store; names are unique within a store (exact match).",
        "tags": [
          "Segments"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SegmentsPostRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The created segments, in request order.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SegmentsResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/BatchConflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "put": {
        "operationId": "PutSegmentObjects",
        "summary": "Update segments",
        "description": "Answers 201, as the beta does. Fields left out keep their value.",
        "tags": [
          "Segments"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SegmentsPutRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The updated segments, in request order.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SegmentsResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/BatchConflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "DeleteStoreSegment",
        "summary": "Delete segments",
        "description": "Without `id:in`, deletes every segment of the store. Shopper profiles are kept.",
        "tags": [
          "Segments"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/IdIn"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/segments/{segmentId}/shopper-profiles": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/SegmentId"
        }
      ],
      "get": {
        "operationId": "GetSegmentProfiles",
        "summary": "List the shopper profiles of a segment",
        "description": "Needs the modify scope, as in the beta.",
        "tags": [
          "Shopper Profiles for a Segment"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of the segment's shopper profiles.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopperProfilesCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "post": {
        "operationId": "PostShopperProfile",
        "summary": "Add shopper profiles to a segment",
        "description": "At most 50 distinct profile ids; a profile already in the segment is a 409.",
        "tags": [
          "Shopper Profiles for a Segment"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ShopperProfilesAddRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The profiles added, in request order.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopperProfilesAddResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/BatchConflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "DeleteShopperProfile",
        "summary": "Remove shopper profiles from a segment",
        "description": "Without `id:in`, empties the segment. Only the memberships go; the profiles stay.",
        "tags": [
          "Shopper Profiles for a Segment"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/IdIn"
          }
        ],
        "responses": {
          "204": {
            "description": "Removed.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/shopper-profiles": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        }
      ],
      "get": {
        "operationId": "GetShopperList",
        "summary": "List shopper profiles",
        "description": "With `customer_id:in` or `guest_id:in` (extensions), only the profiles of those customers\nor guests, in the same list shape and order; both together list the profiles of either.",
        "tags": [
          "Shopper Profiles"
        ],
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/CustomerIdIn"
          },
          {
            "$ref": "#/components/parameters/GuestIdIn"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of shopper profiles.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopperProfilesCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "post": {
        "operationId": "ShopperProfilesRequest",
        "summary": "Create shopper profiles",
        "description": "One profile per customer; a customer that already has one is a 409. An entry may name a\n`guest_id` instead of a `customer_id` (extension): one profile per guest, likewise.",
        "tags": [
          "Shopper Profiles"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ShopperProfilesPostRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The created profiles, in request order.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopperProfilesResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/BatchConflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "DeleteStoreShopperProfile",
        "summary": "Delete shopper profiles",
        "description": "Without `id:in`, deletes every profile of the store. A deleted profile leaves every segment.",
        "tags": [
          "Shopper Profiles"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/IdIn"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/shopper-profiles/{shopperProfileId}/segments": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/ShopperProfileId"
        }
      ],
      "get": {
        "operationId": "GetListShopperProfile",
        "summary": "List the segments of a shopper profile",
        "tags": [
          "Segments for a Shopper Profile"
        ],
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of the profile's segments.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SegmentCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/promotions/{promotionId}/customer-segments": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/PromotionId"
        }
      ],
      "get": {
        "operationId": "GetPromotionTargeting",
        "x-extension": true,
        "summary": "Read the segments a promotion targets",
        "description": "404 when the promotion targets nothing.",
        "tags": [
          "Promotion Targeting"
        ],
        "x-required-scope": "read-only",
        "responses": {
          "200": {
            "description": "The promotion's targeting.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TargetingResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "put": {
        "operationId": "PutPromotionTargeting",
        "x-extension": true,
        "summary": "Set the segments a promotion targets",
        "description": "The body is one `customer.segments` expression of the Promotions API; it replaces what\nthe promotion targeted. Every segment id it names must be a segment of this store (404\nlists the others). At most 32 distinct segment ids an expression (a segment named again\ncounts once), and at most 1500 bytes of JSON written without spaces (the copy each named\nsegment keeps); `info.x-limits` says so for programs.",
        "tags": [
          "Promotion Targeting"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TargetingExpression"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The promotion's targeting as stored.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TargetingResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/LimitReached"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "DeletePromotionTargeting",
        "x-extension": true,
        "summary": "Stop targeting segments with a promotion",
        "description": "204 also when the promotion targeted nothing.",
        "tags": [
          "Promotion Targeting"
        ],
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "204": {
            "description": "The promotion targets nothing.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/segments/{segmentId}/promotions": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/SegmentId"
        }
      ],
      "get": {
        "operationId": "GetSegmentPromotions",
        "x-extension": true,
        "summary": "List the promotions whose expression names a segment",
        "description": "Ordered by promotion id, ascending. 404 for a segment that does not exist (or was deleted).",
        "tags": [
          "Promotion Targeting"
        ],
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of targetings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TargetingCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/shopper-profiles/{shopperProfileId}/promotions": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/ShopperProfileId"
        }
      ],
      "get": {
        "operationId": "GetShopperProfilePromotions",
        "x-extension": true,
        "summary": "List the promotions a shopper profile is eligible for",
        "description": "The promotions whose expression is true for the profile's segments now, ordered by\npromotion id, ascending. A deleted segment counts as a segment with no members.",
        "tags": [
          "Promotion Targeting"
        ],
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of targetings.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TargetingCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/shopper-profiles/merge": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        }
      ],
      "post": {
        "operationId": "MergeGuestShopperProfile",
        "summary": "Merge a guest's shopper profile into a customer's",
        "description": "The guest signed in or registered. When the customer has no profile, the guest's profile\nbecomes the customer's (same id, memberships kept). When the customer has one, every\nsegment of the guest's profile is added to it and the guest's profile is deleted. Answers\nthe customer's profile afterwards. The same merge sent again (within 24 hours) answers the\nsame profile; a merge that failed part-way finishes when sent again.",
        "tags": [
          "Shopper Profiles"
        ],
        "x-extension": true,
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ShopperProfileMerge"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The customer's shopper profile after the merge.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopperProfileResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/customers/{customerId}/segments": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/CustomerId"
        }
      ],
      "get": {
        "operationId": "GetCustomerSegments",
        "summary": "List the segments of a customer's shopper profile",
        "description": "Any positive integer may be a customer: one without a shopper profile is in no segment\n(200, empty list).",
        "tags": [
          "Customers"
        ],
        "x-extension": true,
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of the segments of the customer's profile.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SegmentCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/customers/{customerId}/promotions": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/CustomerId"
        }
      ],
      "get": {
        "operationId": "GetCustomerPromotions",
        "summary": "List the promotions a customer is eligible for",
        "description": "The promotions whose `customer.segments` expression holds for the customer's shopper\nprofile now; for a customer without a profile, those that hold for a profile in no segment\n(an expression true through a `not`). Ordered by promotion id, ascending.",
        "tags": [
          "Customers"
        ],
        "x-extension": true,
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of the targetings that hold for the customer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TargetingCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/hooks": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        }
      ],
      "get": {
        "operationId": "GetHooks",
        "summary": "List the store's webhooks",
        "description": "Every hook of the store, oldest first (at most `hooks-per-store` of `info.x-limits`, so\none page). Never shows a signing secret.",
        "tags": [
          "Webhooks"
        ],
        "x-extension": true,
        "x-required-scope": "read-only",
        "responses": {
          "200": {
            "description": "The store's hooks.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HookCollectionResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "post": {
        "operationId": "CreateHook",
        "summary": "Subscribe a destination to the store's events",
        "description": "Events of the feed (`GET /events`) committed after the hook is created are `POST`ed to\n`destination`, signed with the Standard Webhooks scheme (docs/webhooks.md). The answer\nholds the signing secret, `whsec_` + base64 of 32 random bytes: it is shown this once.\nA destination that is not `https://`, or whose host is or resolves to a private,\nlink-local, loopback or metadata address, answers 400.",
        "tags": [
          "Webhooks"
        ],
        "x-extension": true,
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/HookPost"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The hook, with its signing secret (shown once).",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HookWithSecretResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/LimitReached"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/hooks/{hookId}": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/HookId"
        }
      ],
      "get": {
        "operationId": "GetHook",
        "summary": "Read one webhook",
        "description": "Never shows its signing secret. 404 when the store has no such hook.",
        "tags": [
          "Webhooks"
        ],
        "x-extension": true,
        "x-required-scope": "read-only",
        "responses": {
          "200": {
            "description": "The hook.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HookResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "put": {
        "operationId": "UpdateHook",
        "summary": "Change a webhook's destination, scope, headers or state",
        "description": "The fields given replace the hook's; the others are kept. `is_active: true` brings back a\nhook that was deactivated after its deliveries kept failing: it starts again from the\nevent that failed. The destination is checked as at creation (400). A hook that was off\nlonger than the feed keeps events (at least 7 days) cannot be brought back (410): the\nevents after its position are gone, so delete it and create a new one.",
        "tags": [
          "Webhooks"
        ],
        "x-extension": true,
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "$ref": "#/components/parameters/ContentType"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/HookPut"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The hook as stored.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HookResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "410": {
            "description": "`is_active: true` for a hook whose position the feed no longer keeps (it was off or\nbehind longer than the feed's retention); nothing was written. Delete the hook and\ncreate a new one, which starts after the newest event.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ErrorResponse"
                }
              }
            }
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "DeleteHook",
        "summary": "Delete a webhook",
        "description": "Its deliveries stop. 204 also when the store has no such hook.",
        "tags": [
          "Webhooks"
        ],
        "x-extension": true,
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "204": {
            "description": "The hook is gone.",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/hooks/{hookId}/secret": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        },
        {
          "$ref": "#/components/parameters/HookId"
        }
      ],
      "post": {
        "operationId": "RotateHookSecret",
        "summary": "Rotate a webhook's signing secret",
        "description": "Answers a new secret, shown this once. For 24 hours after the rotation every delivery\ncarries two signatures in `webhook-signature`, one with the new secret and one with the\nprevious one, so a receiver can switch to the new secret whenever it likes within that\nday; then the previous secret is dropped. A second rotation within the day drops the\noldest secret at once.",
        "tags": [
          "Webhooks"
        ],
        "x-extension": true,
        "x-required-scope": "modify",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "200": {
            "description": "The hook, with its new signing secret (shown once).",
            "headers": {
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HookWithSecretResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/IdempotencyKeyInUse"
          },
          "422": {
            "$ref": "#/components/responses/IdempotencyKeyReused"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/events": {
      "x-extension": true,
      "parameters": [
        {
          "$ref": "#/components/parameters/Accept"
        }
      ],
      "get": {
        "operationId": "GetEvents",
        "x-extension": true,
        "summary": "Read the store's change events, oldest first",
        "description": "Every committed change to the store's segments, shopper profiles, memberships and\npromotion targetings, in the order the feed received them (docs/events.md). Start without\n`after` (the oldest event kept), then poll with `meta.next_cursor`, which is always\ngiven: after the last event returned, or the same position when nothing is new.\nEvents are kept at least 7 days; a cursor whose next event is no longer kept answers 410,\nnever a silent gap. Events of one shopper profile (and the `segment.*` events of one\nsegment) come in the order their changes committed; events of different items may\ninterleave.",
        "tags": [
          "Events"
        ],
        "x-required-scope": "read-only",
        "parameters": [
          {
            "$ref": "#/components/parameters/After"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "Up to `limit` events after the cursor.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EventsResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "410": {
            "$ref": "#/components/responses/Gone"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "X-Auth-Token": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Auth-Token",
        "description": "A token bound to one store and one scope, `read-only` or `modify`. Reads need\n`read-only` (a `modify` token also reads), except listing a segment's shopper profiles,\nwhich needs `modify`. Writes need `modify`."
      }
    },
    "parameters": {
      "Accept": {
        "name": "Accept",
        "in": "header",
        "required": false,
        "schema": {
          "type": "string",
          "default": "application/json"
        }
      },
      "ContentType": {
        "name": "Content-Type",
        "in": "header",
        "required": true,
        "schema": {
          "type": "string",
          "default": "application/json"
        }
      },
      "SegmentId": {
        "name": "segmentId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "format": "uuid"
        }
      },
      "ShopperProfileId": {
        "name": "shopperProfileId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "format": "uuid"
        }
      },
      "IdIn": {
        "name": "id:in",
        "in": "query",
        "required": false,
        "description": "Ids, comma-separated (`?id:in=a,b`) or with the parameter repeated.",
        "style": "form",
        "explode": true,
        "schema": {
          "type": "array",
          "maxItems": 100,
          "items": {
            "type": "string",
            "format": "uuid"
          }
        }
      },
      "CustomerId": {
        "x-extension": true,
        "name": "customerId",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/CustomerId"
        }
      },
      "CustomerIdIn": {
        "x-extension": true,
        "name": "customer_id:in",
        "in": "query",
        "required": false,
        "description": "Customer ids, comma-separated or with the parameter repeated.",
        "style": "form",
        "explode": true,
        "schema": {
          "type": "array",
          "maxItems": 100,
          "items": {
            "$ref": "#/components/schemas/CustomerId"
          }
        }
      },
      "GuestIdIn": {
        "x-extension": true,
        "name": "guest_id:in",
        "in": "query",
        "required": false,
        "description": "Guest ids, comma-separated or with the parameter repeated.",
        "style": "form",
        "explode": true,
        "schema": {
          "type": "array",
          "maxItems": 100,
          "items": {
            "$ref": "#/components/schemas/GuestId"
          }
        }
      },
      "PromotionId": {
        "name": "promotionId",
        "in": "path",
        "required": true,
        "description": "The promotion's id in the Promotions API.",
        "x-extension": true,
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 9007199254740991
        }
      },
      "IdempotencyKey": {
        "x-extension": true,
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Makes the write safe to send again (extension; the IETF `Idempotency-Key` draft, as Stripe\ntakes it). 1 to 255 printable ASCII characters, bare (`abc`) or as a quoted string (`\"abc\"`):\nboth are the same key. The first request with a key runs; its status, body and\n`Location`/`Retry-After` headers are kept for 24 hours, per store. The same key with the\nsame request (method, path, query parameters in any order, and the JSON body as parsed:\nkey order and white space do not count) answers the kept response with\n`Idempotent-Replayed: true` and writes nothing. The same key with another request answers\n422; while the first is still running, 409 with `Retry-After`. A request that failed\nwithout changing anything (any 4xx, a 503) is not kept: sending it again runs it again.\nWithout the header the write behaves as the beta's. See docs/idempotency.md.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 257
        }
      },
      "HookId": {
        "x-extension": true,
        "name": "hookId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "format": "uuid"
        }
      },
      "Page": {
        "name": "page",
        "in": "query",
        "required": false,
        "description": "Starts at 1. A page past 1000000 is refused (400) rather than answered empty: a caller\nthat far out is looping or guessing; a larger `limit` reaches further.",
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 1000000,
          "default": 1
        }
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "required": false,
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 250,
          "default": 50
        }
      },
      "After": {
        "x-extension": true,
        "name": "after",
        "in": "query",
        "required": false,
        "description": "`meta.next_cursor` of the previous answer of `GET /events`: the events after it are\nanswered. Opaque; one this service did not give out answers 400.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200,
          "pattern": "^[A-Za-z0-9_-]+$"
        }
      },
      "Cursor": {
        "x-extension": true,
        "name": "cursor",
        "in": "query",
        "required": false,
        "description": "Where the page starts, as `meta.next_cursor` of the page before it gave it (with the same\n`limit`). In place of `page`, for clients that walk a whole list: each page is then one\nquery at any depth. A cursor is opaque; one that was not given out answers 400.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200,
          "pattern": "^[A-Za-z0-9_-]+$"
        }
      }
    },
    "headers": {
      "IdempotentReplayed": {
        "x-extension": true,
        "description": "`true` when the answer is the one kept for the request's `Idempotency-Key` (nothing was written); absent otherwise.",
        "schema": {
          "type": "string",
          "enum": [
            "true"
          ]
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request is not valid; `errors` names each offending field.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "The token is missing, unknown, or belongs to another store.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The token's scope does not allow the operation.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "NotFound": {
        "description": "A segment or shopper profile named by the request does not exist in the store.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "BatchConflict": {
        "description": "An entry conflicts with what the store holds (or with another entry); nothing was written.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/BatchConflictResponse"
            }
          }
        }
      },
      "LimitReached": {
        "x-extension": true,
        "description": "Writing would pass a limit of `info.x-limits`; nothing was written.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "PayloadTooLarge": {
        "x-extension": true,
        "description": "The request body is larger than the service accepts.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "x-extension": true,
        "description": "The body is compressed with an encoding the service does not take (it takes gzip, deflate and br), or is not UTF-8.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "IdempotencyKeyInUse": {
        "x-extension": true,
        "description": "A request with the same `Idempotency-Key` is still running (409 on every write; on the batch\nwrites, in the batch-conflict envelope). Retry after the `Retry-After` seconds: the kept\nresponse will be answered then.",
        "headers": {
          "Retry-After": {
            "schema": {
              "type": "integer"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "IdempotencyKeyReused": {
        "x-extension": true,
        "description": "The `Idempotency-Key` was first sent with another request (method, path, query or body); nothing was written.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "Gone": {
        "x-extension": true,
        "description": "The cursor points before the oldest event the feed still keeps (events are kept at least 7 days); start again without `after` and rebuild from the API.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      },
      "ServiceUnavailable": {
        "x-extension": true,
        "description": "DynamoDB is still throttling or failing after the service's retries; nothing was written. Retry after the `Retry-After` seconds.",
        "headers": {
          "Retry-After": {
            "schema": {
              "type": "integer"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          }
        }
      }
    },
    "schemas": {
      "Segment": {
        "type": "object",
        "required": [
          "id",
          "name",
          "description",
          "created_at",
          "updated_at"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "name": {
            "type": "string",
            "example": "VIP"
          },
          "description": {
            "type": "string",
            "example": "Customers who spent over 1000"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "SegmentPost": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name"
        ],
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255
          },
          "description": {
            "type": "string",
            "maxLength": 1000
          }
        }
      },
      "SegmentPut": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255
          },
          "description": {
            "type": "string",
            "maxLength": 1000
          }
        }
      },
      "SegmentsPostRequest": {
        "type": "array",
        "minItems": 1,
        "maxItems": 25,
        "items": {
          "$ref": "#/components/schemas/SegmentPost"
        }
      },
      "SegmentsPutRequest": {
        "type": "array",
        "minItems": 1,
        "maxItems": 25,
        "items": {
          "$ref": "#/components/schemas/SegmentPut"
        }
      },
      "SegmentsResponse": {
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Segment"
            }
          },
          "meta": {
            "$ref": "#/components/schemas/EmptyMeta"
          }
        }
      },
      "SegmentCollectionResponse": {
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Segment"
            }
          },
          "meta": {
            "$ref": "#/components/schemas/CollectionMeta"
          }
        }
      },
      "ShopperProfile": {
        "type": "object",
        "required": [
          "id",
          "customer_id",
          "created_at",
          "updated_at"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "customer_id": {
            "type": "integer",
            "example": 1,
            "description": "The customer's id; 0 for a guest's profile."
          },
          "guest_id": {
            "x-extension": true,
            "allOf": [
              {
                "$ref": "#/components/schemas/GuestId"
              }
            ],
            "description": "Only on a guest's profile."
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "ShopperProfileResponse": {
        "x-extension": true,
        "type": "object",
        "required": [
          "data"
        ],
        "properties": {
          "data": {
            "$ref": "#/components/schemas/ShopperProfile"
          }
        }
      },
      "CustomerId": {
        "x-extension": true,
        "type": "integer",
        "minimum": 1,
        "maximum": 2147483647
      },
      "GuestId": {
        "x-extension": true,
        "type": "string",
        "minLength": 1,
        "maxLength": 128,
        "pattern": "^[A-Za-z0-9._:-]+$",
        "description": "An opaque id the storefront chooses for a visitor (a visitor or cart id).",
        "example": "visitor-7f3a"
      },
      "GuestShopperProfilePost": {
        "x-extension": true,
        "type": "object",
        "additionalProperties": false,
        "required": [
          "guest_id"
        ],
        "properties": {
          "guest_id": {
            "$ref": "#/components/schemas/GuestId"
          }
        }
      },
      "ShopperProfileMerge": {
        "x-extension": true,
        "type": "object",
        "additionalProperties": false,
        "required": [
          "guest_id",
          "customer_id"
        ],
        "properties": {
          "guest_id": {
            "$ref": "#/components/schemas/GuestId"
          },
          "customer_id": {
            "$ref": "#/components/schemas/CustomerId"
          }
        }
      },
      "ShopperProfilePost": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "customer_id"
        ],
        "properties": {
          "customer_id": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2147483647,
            "description": "A registered customer's id; a guest's profile is created with `guest_id` instead."
          }
        }
      },
      "ShopperProfilesPostRequest": {
        "type": "array",
        "minItems": 1,
        "maxItems": 25,
        "items": {
          "oneOf": [
            {
              "$ref": "#/components/schemas/ShopperProfilePost"
            },
            {
              "$ref": "#/components/schemas/GuestShopperProfilePost"
            }
          ]
        }
      },
      "ShopperProfilesResponse": {
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ShopperProfile"
            }
          },
          "meta": {
            "$ref": "#/components/schemas/EmptyMeta"
          }
        }
      },
      "ShopperProfilesAddRequest": {
        "type": "array",
        "minItems": 1,
        "maxItems": 50,
        "uniqueItems": true,
        "items": {
          "type": "string",
          "format": "uuid"
        }
      },
      "ShopperProfilesAddResponse": {
        "type": "object",
        "required": [
          "data"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ShopperProfile"
            }
          }
        }
      },
      "ShopperProfilesCollectionResponse": {
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ShopperProfile"
            }
          },
          "meta": {
            "$ref": "#/components/schemas/CollectionMeta"
          }
        }
      },
      "SegmentIdsTerm": {
        "x-extension": true,
        "description": "True for a shopper profile in any of these segments.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id"
        ],
        "properties": {
          "id": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
              "type": "string",
              "format": "uuid"
            }
          }
        }
      },
      "TargetingExpression": {
        "x-extension": true,
        "description": "A promotion's `customer.segments`: `{id: [...]}`, `{not: X}`, `{and: [X, Y, ...]}` or\n`{or: [...]}`, at most three operator levels deep, the third holding only id lists.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/SegmentIdsTerm"
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "not"
            ],
            "properties": {
              "not": {
                "$ref": "#/components/schemas/TargetingOperand"
              }
            }
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "and"
            ],
            "properties": {
              "and": {
                "type": "array",
                "minItems": 2,
                "maxItems": 20,
                "items": {
                  "$ref": "#/components/schemas/TargetingOperand"
                }
              }
            }
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "or"
            ],
            "properties": {
              "or": {
                "type": "array",
                "minItems": 2,
                "maxItems": 20,
                "items": {
                  "$ref": "#/components/schemas/TargetingOperand"
                }
              }
            }
          }
        ]
      },
      "TargetingOperand": {
        "x-extension": true,
        "description": "The second level of an expression.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/SegmentIdsTerm"
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "not"
            ],
            "properties": {
              "not": {
                "$ref": "#/components/schemas/TargetingLeafOperand"
              }
            }
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "and"
            ],
            "properties": {
              "and": {
                "type": "array",
                "minItems": 2,
                "maxItems": 20,
                "items": {
                  "$ref": "#/components/schemas/TargetingLeafOperand"
                }
              }
            }
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "or"
            ],
            "properties": {
              "or": {
                "type": "array",
                "minItems": 2,
                "maxItems": 20,
                "items": {
                  "$ref": "#/components/schemas/TargetingLeafOperand"
                }
              }
            }
          }
        ]
      },
      "TargetingLeafOperand": {
        "x-extension": true,
        "description": "The third and last level of an expression; its operators take id lists only.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/SegmentIdsTerm"
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "not"
            ],
            "properties": {
              "not": {
                "$ref": "#/components/schemas/SegmentIdsTerm"
              }
            }
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "and"
            ],
            "properties": {
              "and": {
                "type": "array",
                "minItems": 2,
                "maxItems": 20,
                "items": {
                  "$ref": "#/components/schemas/SegmentIdsTerm"
                }
              }
            }
          },
          {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "or"
            ],
            "properties": {
              "or": {
                "type": "array",
                "minItems": 2,
                "maxItems": 20,
                "items": {
                  "$ref": "#/components/schemas/SegmentIdsTerm"
                }
              }
            }
          }
        ]
      },
      "Targeting": {
        "x-extension": true,
        "type": "object",
        "required": [
          "promotion_id",
          "customer_segments",
          "segment_ids",
          "deleted_segment_ids",
          "updated_at"
        ],
        "properties": {
          "promotion_id": {
            "type": "integer",
            "example": 42
          },
          "customer_segments": {
            "$ref": "#/components/schemas/TargetingExpression"
          },
          "segment_ids": {
            "type": "array",
            "description": "The segments the expression names that exist, in the order they first appear.",
            "items": {
              "type": "string",
              "format": "uuid"
            }
          },
          "deleted_segment_ids": {
            "type": "array",
            "description": "The segments the expression names that were deleted since; they count as empty.",
            "items": {
              "type": "string",
              "format": "uuid"
            }
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "TargetingResponse": {
        "x-extension": true,
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "$ref": "#/components/schemas/Targeting"
          },
          "meta": {
            "$ref": "#/components/schemas/EmptyMeta"
          }
        }
      },
      "TargetingCollectionResponse": {
        "x-extension": true,
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Targeting"
            }
          },
          "meta": {
            "$ref": "#/components/schemas/CollectionMeta"
          }
        }
      },
      "EventEnvelope": {
        "x-extension": true,
        "type": "object",
        "description": "What every event carries (docs/events.md).",
        "required": [
          "id",
          "type",
          "store_hash",
          "occurred_at",
          "position"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "Unique, and the same on every delivery of the event (derived from the change it announces)."
          },
          "type": {
            "type": "string"
          },
          "store_hash": {
            "type": "string"
          },
          "occurred_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the change committed (as the table's stream saw it)."
          },
          "position": {
            "type": "integer",
            "minimum": 1,
            "description": "The event's place in the store's feed, from 1, without gaps; later events have larger positions."
          }
        }
      },
      "Event": {
        "x-extension": true,
        "description": "One committed change; `type` says which, `data` holds what it changed.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/SegmentCreatedEvent"
          },
          {
            "$ref": "#/components/schemas/SegmentUpdatedEvent"
          },
          {
            "$ref": "#/components/schemas/SegmentDeletedEvent"
          },
          {
            "$ref": "#/components/schemas/ShopperProfileCreatedEvent"
          },
          {
            "$ref": "#/components/schemas/ShopperProfileDeletedEvent"
          },
          {
            "$ref": "#/components/schemas/ShopperProfileMergedEvent"
          },
          {
            "$ref": "#/components/schemas/SegmentShopperProfileAddedEvent"
          },
          {
            "$ref": "#/components/schemas/SegmentShopperProfileRemovedEvent"
          },
          {
            "$ref": "#/components/schemas/PromotionTargetingUpdatedEvent"
          },
          {
            "$ref": "#/components/schemas/PromotionTargetingDeletedEvent"
          }
        ]
      },
      "SegmentCreatedEvent": {
        "x-extension": true,
        "description": "A segment was created.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "segment.created"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "segment"
                ],
                "properties": {
                  "segment": {
                    "$ref": "#/components/schemas/Segment"
                  }
                }
              }
            }
          }
        ]
      },
      "SegmentUpdatedEvent": {
        "x-extension": true,
        "description": "A segment was renamed or its description changed; `segment` is as the API returns it afterwards.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "segment.updated"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "segment"
                ],
                "properties": {
                  "segment": {
                    "$ref": "#/components/schemas/Segment"
                  }
                }
              }
            }
          }
        ]
      },
      "SegmentDeletedEvent": {
        "x-extension": true,
        "description": "A segment was deleted. It implies the end of every membership of the segment; those are not announced one by one.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "segment.deleted"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "segment_id"
                ],
                "properties": {
                  "segment_id": {
                    "type": "string",
                    "format": "uuid"
                  }
                }
              }
            }
          }
        ]
      },
      "ShopperProfileCreatedEvent": {
        "x-extension": true,
        "description": "A shopper profile was created.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "shopper_profile.created"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "shopper_profile"
                ],
                "properties": {
                  "shopper_profile": {
                    "$ref": "#/components/schemas/ShopperProfile"
                  }
                }
              }
            }
          }
        ]
      },
      "ShopperProfileDeletedEvent": {
        "x-extension": true,
        "description": "A shopper profile was deleted (by a delete, or by a merge that folded a guest's profile into a customer's). The end of each of its memberships is announced before it.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "shopper_profile.deleted"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "shopper_profile_id"
                ],
                "properties": {
                  "shopper_profile_id": {
                    "type": "string",
                    "format": "uuid"
                  }
                }
              }
            }
          }
        ]
      },
      "ShopperProfileMergedEvent": {
        "x-extension": true,
        "description": "A guest signed in; `shopper_profile` is the customer's profile afterwards (the guest's own profile, kept, when the customer had none).",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "shopper_profile.merged"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "guest_id",
                  "customer_id",
                  "shopper_profile"
                ],
                "properties": {
                  "guest_id": {
                    "$ref": "#/components/schemas/GuestId"
                  },
                  "customer_id": {
                    "$ref": "#/components/schemas/CustomerId"
                  },
                  "shopper_profile": {
                    "$ref": "#/components/schemas/ShopperProfile"
                  }
                }
              }
            }
          }
        ]
      },
      "SegmentShopperProfileAddedEvent": {
        "x-extension": true,
        "description": "A membership began.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "segment.shopper_profile_added"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "segment_id",
                  "shopper_profile_id"
                ],
                "properties": {
                  "segment_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "shopper_profile_id": {
                    "type": "string",
                    "format": "uuid"
                  }
                }
              }
            }
          }
        ]
      },
      "SegmentShopperProfileRemovedEvent": {
        "x-extension": true,
        "description": "A membership ended (a remove, a profile delete, a merge); the end of a deleted segment's memberships is implied by `segment.deleted`.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "segment.shopper_profile_removed"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "segment_id",
                  "shopper_profile_id"
                ],
                "properties": {
                  "segment_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "shopper_profile_id": {
                    "type": "string",
                    "format": "uuid"
                  }
                }
              }
            }
          }
        ]
      },
      "PromotionTargetingUpdatedEvent": {
        "x-extension": true,
        "description": "A promotion's targeting was written; `targeting` is as the API returns it when the event is published.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "promotion.targeting_updated"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "promotion_id",
                  "targeting"
                ],
                "properties": {
                  "promotion_id": {
                    "type": "integer"
                  },
                  "targeting": {
                    "$ref": "#/components/schemas/Targeting"
                  }
                }
              }
            }
          }
        ]
      },
      "PromotionTargetingDeletedEvent": {
        "x-extension": true,
        "description": "A promotion's targeting was deleted.",
        "allOf": [
          {
            "$ref": "#/components/schemas/EventEnvelope"
          },
          {
            "type": "object",
            "required": [
              "type",
              "data"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "promotion.targeting_deleted"
                ]
              },
              "data": {
                "type": "object",
                "required": [
                  "promotion_id"
                ],
                "properties": {
                  "promotion_id": {
                    "type": "integer"
                  }
                }
              }
            }
          }
        ]
      },
      "EventType": {
        "x-extension": true,
        "type": "string",
        "enum": [
          "segment.created",
          "segment.updated",
          "segment.deleted",
          "shopper_profile.created",
          "shopper_profile.deleted",
          "shopper_profile.merged",
          "segment.shopper_profile_added",
          "segment.shopper_profile_removed",
          "promotion.targeting_updated",
          "promotion.targeting_deleted"
        ]
      },
      "EventsResponse": {
        "x-extension": true,
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Event"
            }
          },
          "meta": {
            "type": "object",
            "required": [
              "next_cursor"
            ],
            "properties": {
              "next_cursor": {
                "type": "string",
                "description": "Where the next poll starts (pass it as `after`); given even when nothing was new."
              }
            }
          }
        }
      },
      "EmptyMeta": {
        "type": "object",
        "additionalProperties": false,
        "properties": {}
      },
      "CollectionMeta": {
        "type": "object",
        "required": [
          "pagination"
        ],
        "properties": {
          "pagination": {
            "$ref": "#/components/schemas/Pagination"
          },
          "next_cursor": {
            "x-extension": true,
            "type": "string",
            "description": "Where the next page starts (pass it as `cursor`), when this page is full; absent on a\nlist's last page. Only lists that accept `cursor` give one."
          }
        }
      },
      "Pagination": {
        "type": "object",
        "required": [
          "total",
          "count",
          "per_page",
          "current_page",
          "total_pages"
        ],
        "properties": {
          "total": {
            "type": "integer",
            "description": "Items in the whole result set."
          },
          "count": {
            "type": "integer",
            "description": "Items on this page."
          },
          "per_page": {
            "type": "integer"
          },
          "current_page": {
            "type": "integer"
          },
          "total_pages": {
            "type": "integer"
          }
        }
      },
      "ErrorResponse": {
        "type": "object",
        "required": [
          "status",
          "title",
          "type"
        ],
        "properties": {
          "status": {
            "type": "integer"
          },
          "title": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          },
          "errors": {
            "$ref": "#/components/schemas/DetailedErrors"
          }
        }
      },
      "DetailedErrors": {
        "type": "object",
        "additionalProperties": {
          "type": "string"
        }
      },
      "BatchConflictResponse": {
        "type": "object",
        "required": [
          "data",
          "errors",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "maxItems": 0,
            "items": {
              "type": "object"
            }
          },
          "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/ErrorResponse"
            }
          },
          "meta": {
            "type": "object",
            "required": [
              "total",
              "success",
              "failed"
            ],
            "properties": {
              "total": {
                "type": "integer"
              },
              "success": {
                "type": "integer"
              },
              "failed": {
                "type": "integer"
              }
            }
          }
        }
      },
      "HookScope": {
        "x-extension": true,
        "type": "string",
        "description": "Which events of the store the hook receives: one event type, a family (`segment.*`,\n`shopper_profile.*`, `promotion.*`) or `*` for all of them.",
        "enum": [
          "*",
          "segment.*",
          "shopper_profile.*",
          "promotion.*",
          "segment.created",
          "segment.updated",
          "segment.deleted",
          "segment.shopper_profile_added",
          "segment.shopper_profile_removed",
          "shopper_profile.created",
          "shopper_profile.deleted",
          "shopper_profile.merged",
          "promotion.targeting_updated",
          "promotion.targeting_deleted"
        ],
        "example": "segment.shopper_profile_added"
      },
      "HookDestination": {
        "x-extension": true,
        "type": "string",
        "description": "Where deliveries are `POST`ed: an `https://` URL whose host is public (not private,\nlink-local, loopback or a cloud metadata address, checked at creation and again at each\ndelivery). Redirects are not followed.",
        "minLength": 1,
        "maxLength": 2048,
        "example": "https://hooks.example.com/segments"
      },
      "HookHeaders": {
        "x-extension": true,
        "type": "object",
        "description": "Headers sent with every delivery (a token the receiver checks, say). Names are HTTP\nheader names; the headers the delivery itself sets (`content-type`, `webhook-*`, `host`,\n`content-length`, `user-agent` and the like) cannot be given.",
        "maxProperties": 10,
        "propertyNames": {
          "pattern": "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$"
        },
        "additionalProperties": {
          "type": "string",
          "maxLength": 1024,
          "pattern": "^[\\t\\x20-\\x7e]*$"
        },
        "example": {
          "X-Receiver-Token": "s3cr3t"
        }
      },
      "Hook": {
        "x-extension": true,
        "type": "object",
        "required": [
          "id",
          "scope",
          "destination",
          "is_active",
          "headers",
          "created_at",
          "updated_at"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "scope": {
            "$ref": "#/components/schemas/HookScope"
          },
          "destination": {
            "$ref": "#/components/schemas/HookDestination"
          },
          "is_active": {
            "type": "boolean",
            "description": "Whether events are delivered. Set to false by the service after a day of failed deliveries."
          },
          "headers": {
            "$ref": "#/components/schemas/HookHeaders"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "HookWithSecret": {
        "x-extension": true,
        "allOf": [
          {
            "$ref": "#/components/schemas/Hook"
          },
          {
            "type": "object",
            "required": [
              "secret"
            ],
            "properties": {
              "secret": {
                "type": "string",
                "description": "The signing secret, `whsec_` + base64 of its 32 bytes. Shown only in this answer.",
                "pattern": "^whsec_[A-Za-z0-9+/]{43}=$"
              }
            }
          }
        ]
      },
      "HookPost": {
        "x-extension": true,
        "type": "object",
        "additionalProperties": false,
        "required": [
          "scope",
          "destination"
        ],
        "properties": {
          "scope": {
            "$ref": "#/components/schemas/HookScope"
          },
          "destination": {
            "$ref": "#/components/schemas/HookDestination"
          },
          "is_active": {
            "type": "boolean",
            "default": true
          },
          "headers": {
            "$ref": "#/components/schemas/HookHeaders"
          }
        }
      },
      "HookPut": {
        "x-extension": true,
        "type": "object",
        "additionalProperties": false,
        "minProperties": 1,
        "properties": {
          "scope": {
            "$ref": "#/components/schemas/HookScope"
          },
          "destination": {
            "$ref": "#/components/schemas/HookDestination"
          },
          "is_active": {
            "type": "boolean"
          },
          "headers": {
            "$ref": "#/components/schemas/HookHeaders"
          }
        }
      },
      "HookResponse": {
        "x-extension": true,
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "$ref": "#/components/schemas/Hook"
          },
          "meta": {
            "$ref": "#/components/schemas/EmptyMeta"
          }
        }
      },
      "HookWithSecretResponse": {
        "x-extension": true,
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "$ref": "#/components/schemas/HookWithSecret"
          },
          "meta": {
            "$ref": "#/components/schemas/EmptyMeta"
          }
        }
      },
      "HookCollectionResponse": {
        "x-extension": true,
        "type": "object",
        "required": [
          "data",
          "meta"
        ],
        "properties": {
          "data": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Hook"
            }
          },
          "meta": {
            "$ref": "#/components/schemas/EmptyMeta"
          }
        }
      }
    }
  }
} as const;
