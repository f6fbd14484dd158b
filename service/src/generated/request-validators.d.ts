/**
 * Generated from contracts/openapi.yaml by `npm run generate`. Do not edit by hand.
 */
import type { ValidateFunction } from 'ajv';

export declare const DeleteShopperProfile__id_in: ValidateFunction;
export declare const DeleteShopperProfile__segmentId: ValidateFunction;
export declare const DeleteStoreSegment__id_in: ValidateFunction;
export declare const DeleteStoreShopperProfile__id_in: ValidateFunction;
export declare const GetListShopperProfile__limit: ValidateFunction;
export declare const GetListShopperProfile__page: ValidateFunction;
export declare const GetListShopperProfile__shopperProfileId: ValidateFunction;
export declare const GetPaginatedSegmentsList__id_in: ValidateFunction;
export declare const GetPaginatedSegmentsList__limit: ValidateFunction;
export declare const GetPaginatedSegmentsList__page: ValidateFunction;
export declare const GetSegmentProfiles__cursor: ValidateFunction;
export declare const GetSegmentProfiles__limit: ValidateFunction;
export declare const GetSegmentProfiles__page: ValidateFunction;
export declare const GetSegmentProfiles__segmentId: ValidateFunction;
export declare const GetShopperList__limit: ValidateFunction;
export declare const GetShopperList__page: ValidateFunction;
export declare const PostShopperProfile__body: ValidateFunction;
export declare const PostShopperProfile__segmentId: ValidateFunction;
export declare const PutSegmentObjects__body: ValidateFunction;
export declare const SegmentsPostRequest__body: ValidateFunction;
export declare const ShopperProfilesRequest__body: ValidateFunction;
