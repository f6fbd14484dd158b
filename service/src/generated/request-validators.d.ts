/**
 * Generated from contracts/openapi.yaml by `npm run generate`. Do not edit by hand.
 */
import type { ValidateFunction } from 'ajv';

export declare const DeletePromotionTargeting__promotionId: ValidateFunction;
export declare const DeleteShopperProfile__id_in: ValidateFunction;
export declare const DeleteShopperProfile__segmentId: ValidateFunction;
export declare const DeleteStoreSegment__id_in: ValidateFunction;
export declare const DeleteStoreShopperProfile__id_in: ValidateFunction;
export declare const GetCustomerPromotions__customerId: ValidateFunction;
export declare const GetCustomerPromotions__limit: ValidateFunction;
export declare const GetCustomerPromotions__page: ValidateFunction;
export declare const GetCustomerSegments__customerId: ValidateFunction;
export declare const GetCustomerSegments__limit: ValidateFunction;
export declare const GetCustomerSegments__page: ValidateFunction;
export declare const GetEvents__after: ValidateFunction;
export declare const GetEvents__limit: ValidateFunction;
export declare const GetListShopperProfile__limit: ValidateFunction;
export declare const GetListShopperProfile__page: ValidateFunction;
export declare const GetListShopperProfile__shopperProfileId: ValidateFunction;
export declare const GetPaginatedSegmentsList__id_in: ValidateFunction;
export declare const GetPaginatedSegmentsList__limit: ValidateFunction;
export declare const GetPaginatedSegmentsList__page: ValidateFunction;
export declare const GetPromotionTargeting__promotionId: ValidateFunction;
export declare const GetSegmentProfiles__cursor: ValidateFunction;
export declare const GetSegmentProfiles__limit: ValidateFunction;
export declare const GetSegmentProfiles__page: ValidateFunction;
export declare const GetSegmentProfiles__segmentId: ValidateFunction;
export declare const GetSegmentPromotions__limit: ValidateFunction;
export declare const GetSegmentPromotions__page: ValidateFunction;
export declare const GetSegmentPromotions__segmentId: ValidateFunction;
export declare const GetShopperList__customer_id_in: ValidateFunction;
export declare const GetShopperList__guest_id_in: ValidateFunction;
export declare const GetShopperList__limit: ValidateFunction;
export declare const GetShopperList__page: ValidateFunction;
export declare const GetShopperProfilePromotions__limit: ValidateFunction;
export declare const GetShopperProfilePromotions__page: ValidateFunction;
export declare const GetShopperProfilePromotions__shopperProfileId: ValidateFunction;
export declare const MergeGuestShopperProfile__body: ValidateFunction;
export declare const PostShopperProfile__body: ValidateFunction;
export declare const PostShopperProfile__segmentId: ValidateFunction;
export declare const PutPromotionTargeting__body: ValidateFunction;
export declare const PutPromotionTargeting__promotionId: ValidateFunction;
export declare const PutSegmentObjects__body: ValidateFunction;
export declare const SegmentsPostRequest__body: ValidateFunction;
export declare const ShopperProfilesRequest__body: ValidateFunction;
